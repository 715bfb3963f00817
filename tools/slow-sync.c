/* A disk of a chosen sync latency, for measuring how a durable workload depends on it:
 * loaded with LD_PRELOAD, it makes every fdatasync and fsync of the program last at least
 * SLOWSYNC_US microseconds (the call itself, then a sleep for the rest). On a tmpfs folder
 * the sync itself costs nearly nothing, so the sleep sets the latency; a virtual machine's
 * timer adds its own wake-up (about 20-30 us here, so 10 gives about 30). Linux only.
 *
 *     cc -O2 -shared -fPIC -o slow-sync.so tools/slow-sync.c -ldl
 *     SLOWSYNC_US=20 LD_PRELOAD=./slow-sync.so ese-bench-compare --dir /dev/shm/<folder> ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static long delay_us(void) {
    static long d = -1;
    if (d < 0) {
        const char *e = getenv("SLOWSYNC_US");
        d = e ? atol(e) : 0;
    }
    return d;
}

/* Sleeps until delay_us() have passed since t0. */
static void pad(const struct timespec *t0) {
    long d = delay_us();
    if (d <= 0)
        return;
    /* The default 50 us slack would round every sleep up. */
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long spent = (t1.tv_sec - t0->tv_sec) * 1000000L + (t1.tv_nsec - t0->tv_nsec) / 1000;
    if (spent < d) {
        struct timespec s = {0, (d - spent) * 1000};
        nanosleep(&s, NULL);
    }
}

/* Calls `real` (looked up once into `*slot` by `name`), then pads its time. */
static int timed(int (**slot)(int), const char *name, int fd) {
    if (!*slot)
        *slot = (int (*)(int))dlsym(RTLD_NEXT, name);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = (*slot)(fd);
    pad(&t0);
    return r;
}

static int (*real_fdatasync)(int);
static int (*real_fsync)(int);

int fdatasync(int fd) { return timed(&real_fdatasync, "fdatasync", fd); }

int fsync(int fd) { return timed(&real_fsync, "fsync", fd); }
