/* files.c - a WASI guest for tests/cli.sh: reads DIR/in.txt, then tries
 * to create DIR/out.txt; prints what happened, so a runner can check that a
 * read-only preopen refuses the write and a writable one allows it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: files DIR\n"); return 2; }
  char path[512], buf[128] = "";
  snprintf(path, sizeof path, "%s/in.txt", argv[1]);
  FILE *f = fopen(path, "r");
  if (!f) { printf("read failed: %s\n", strerror(errno)); return 1; }
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  printf("read: %s\n", buf);
  snprintf(path, sizeof path, "%s/out.txt", argv[1]);
  f = fopen(path, "w");
  if (!f) { printf("write refused\n"); return 0; }
  fputs("written by the guest\n", f);
  printf("write ok\n");
  return fclose(f) == 0 ? 0 : 1;
}
