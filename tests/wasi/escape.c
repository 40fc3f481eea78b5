/* escape.c - a hostile WASI guest for tests/cli.sh: given its preopened
 * DIR, tries to reach host files outside it (.., absolute paths, symlinks
 * planted by the host that point out, renaming a file out). Prints one line
 * per attempt and exits with the number of attempts that got through, so
 * the sandbox holds only if the exit code is 0 and every line is there
 * (100: the control, a path that stays inside, failed). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int escapes;

/* An attempt succeeded (an escape) when op returned >= 0. */
static void attempt(const char *what, int result) {
  if (result >= 0) { escapes++; printf("ESCAPED: %s\n", what); }
  else printf("refused: %s (%s)\n", what, strerror(errno));
}

static int open_read(const char *dir, const char *rel) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  int fd = open(path, O_RDONLY);
  if (fd >= 0) close(fd);
  return fd;
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: escape DIR\n"); return 2; }
  const char *d = argv[1];
  char from[512], to[512];
  /* The control: a path that stays inside opens, so refusals below are the
   * sandbox's and not a broken guest's. */
  if (open_read(d, "sub/../in.txt") < 0) { printf("control failed: %s\n", strerror(errno)); return 100; }
  attempt("DIR/../outside.txt", open_read(d, "../outside.txt"));
  attempt("DIR/sub/../../outside.txt", open_read(d, "sub/../../outside.txt"));
  attempt("/etc/passwd", open("/etc/passwd", O_RDONLY));
  attempt("symlink to ../outside.txt", open_read(d, "up-link"));
  attempt("symlink to an absolute host path", open_read(d, "abs-link"));
  snprintf(from, sizeof from, "%s/in.txt", d);
  snprintf(to, sizeof to, "%s/../moved.txt", d);
  attempt("rename DIR/in.txt to DIR/../moved.txt", rename(from, to));
  snprintf(to, sizeof to, "%s/new-link", d);
  attempt("symlink(\"/etc\") then open through it",
          symlink("/etc", to) == 0 ? open_read(d, "new-link/passwd") : -1);
  printf("%d escapes\n", escapes);
  return escapes;
}
