/* file.c - files: opening and reading module files, writing atomically. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* Opens a module file: a regular file (a FIFO or device could block or
 * never end) of at most max bytes; *st gets its stat. */
wt_status wt__open_file(const char *path, size_t max, int *fd, struct stat *st) {
  if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
    return wt__fail(errno == ENOENT ? WT_NOT_FOUND : WT_IO, "%s: %s", path, strerror(errno));
  wt_status rc = WT_OK;
  if (fstat(*fd, st) != 0) rc = wt__fail(WT_IO, "%s: %s", path, strerror(errno));
  else if (S_ISDIR(st->st_mode)) rc = wt__fail(WT_IO, "%s: is a folder, not a module file", path);
  else if (!S_ISREG(st->st_mode)) rc = wt__fail(WT_IO, "%s: not a regular file (a device, FIFO or socket)", path);
  else if ((uint64_t)st->st_size > max)
    rc = wt__fail(WT_LIMIT, "%s: %lld bytes, larger than the %zu-byte module limit (max_module_bytes)", path,
                  (long long)st->st_size, max);
  if (rc) close(*fd);
  return rc;
}

/* Reads all of the regular file fd, of size bytes when opened (path names
 * it in messages), refusing more than max bytes (it may grow meanwhile). */
wt_status wt__read_fd(int fd, const char *path, size_t size, size_t max, uint8_t **out, size_t *len) {
  size_t cap = size + 1, n = 0;
  uint8_t *buf = malloc(cap), *grown;
  ssize_t got = 1;
  while (buf && got > 0 && n <= max) {
    if (n == cap && (grown = realloc(buf, cap * 2)) == NULL) { free(buf); buf = NULL; break; }
    if (n == cap) { buf = grown; cap *= 2; }
    while ((got = read(fd, buf + n, cap - n)) < 0 && errno == EINTR) {}
    if (got > 0) n += (size_t)got;
  }
  if (!buf) return wt__oom();
  if (got < 0) { free(buf); return wt__fail(WT_IO, "%s: %s", path, strerror(errno)); }
  if (n > max) { free(buf); return wt__fail(WT_LIMIT, "%s: larger than the %zu-byte module limit", path, max); }
  *out = buf;
  *len = n;
  return WT_OK;
}

bool wt__same_stat(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Writes data to path atomically: a new temporary file beside it (made
 * with mode, never through a link), then rename. */
wt_status wt__write_atomic(const char *path, const uint8_t *data, size_t len, int mode) {
  char *tmp = malloc(strlen(path) + 64);
  if (!tmp) return wt__oom();
  static unsigned long seq; /* unique per process and call: threads may race */
  sprintf(tmp, "%s.tmp.%ld.%lu", path, (long)getpid(), __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
  size_t done = 0;
  while (fd >= 0 && done < len) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += (size_t)n;
  }
  int ok = fd >= 0 && done == len;
  int err = errno;
  if (fd >= 0 && close(fd) != 0 && ok) { ok = 0; err = errno; }
  if (ok && rename(tmp, path) != 0) { ok = 0; err = errno; }
  wt_status rc = ok ? WT_OK : wt__fail(WT_IO, "%s: %s", path, strerror(err ? err : EIO));
  if (!ok && fd >= 0) unlink(tmp);
  free(tmp);
  return rc;
}

const char *wt__path_of_fd(int fd, const char *path, char *buf, size_t size) {
  struct stat a, b;
  snprintf(buf, size, "/proc/self/fd/%d", fd);
  bool same = fstat(fd, &a) == 0 && stat(buf, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
  return same ? buf : path;
}
