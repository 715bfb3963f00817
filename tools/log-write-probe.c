/* The disk's cost of a log-like durable write, through the page cache and with O_DIRECT:
 * two 8 MiB files written and synced beforehand; then, 300 at a time alternating between
 * the two, 6,000 writes each of 512 to 2,048 bytes (an open block rewritten as it grows,
 * moving on every fourth write), each followed by fdatasync. Prints the median, p10 and
 * p90 in microseconds of each kind. Linux only.
 *
 *     cc -O2 -o log-write-probe tools/log-write-probe.c
 *     ./log-write-probe <folder>/a.bin <folder>/b.bin
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE_A FILE_B\n", argv[0]);
        return 2;
    }
    const size_t size = 8 << 20;
    const int rounds = 20, per = 300;
    int fds[2];
    char *zeros = calloc(1, 1 << 20);
    for (int k = 0; k < 2; k++) {
        int fd = open(argv[1 + k], O_RDWR | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) {
            perror("open");
            return 1;
        }
        for (size_t o = 0; o < size; o += 1 << 20)
            if (pwrite(fd, zeros, 1 << 20, o) != 1 << 20) {
                perror("pwrite");
                return 1;
            }
        fsync(fd);
        close(fd);
        fds[k] = open(argv[1 + k], O_RDWR | (k ? O_DIRECT : 0));
        if (fds[k] < 0) {
            perror("open again");
            return 1;
        }
    }
    void *buf;
    if (posix_memalign(&buf, 4096, 4096))
        return 1;
    memset(buf, 0x5a, 4096);
    double *lat[2];
    int n[2] = {0, 0};
    off_t at[2] = {0, 0};
    for (int k = 0; k < 2; k++)
        lat[k] = malloc(sizeof(double) * rounds * per);
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < per; i++) {
                size_t len = 512 * (1 + i % 4);
                double t = now_us();
                if (pwrite(fds[k], buf, len, at[k]) != (ssize_t)len || fdatasync(fds[k])) {
                    perror("write and sync");
                    return 1;
                }
                lat[k][n[k]++] = now_us() - t;
                if (i % 4 == 3)
                    at[k] = (at[k] + 2048) % (size - 8192);
            }
    for (int k = 0; k < 2; k++) {
        qsort(lat[k], n[k], sizeof(double), cmp);
        printf("%s median %.1f p10 %.1f p90 %.1f\n", k ? "direct  " : "buffered",
               lat[k][n[k] / 2], lat[k][n[k] / 10], lat[k][n[k] * 9 / 10]);
    }
    return 0;
}
