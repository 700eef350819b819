/*
 * C reference for the renderer benchmark: the plain scalar escape-time loop of the Java
 * renderer (and of the original Python worker) on the same workload, timed the same way.
 *
 * Workload: Julia set for c = -0.8 + 0.156i, 1024 x 1024 pixels, 512 iterations,
 * region [-1.5, 1.5]^2. Prints the number of z -> z^2 + c steps, an FNV-1a hash of the
 * escape indices (equal to Workload.hash in Java when the arithmetic is the same, i.e. when
 * compiled with -ffp-contract=off), and M iterations/s as the mean and the best of the runs.
 *
 * Usage: julia [runs]   (after 2 untimed warm-up runs; default 10 runs)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { WIDTH = 1024, HEIGHT = 1024, ITERATIONS = 512 };
static const double XA = -1.5, XB = 1.5, YA = -1.5, YB = 1.5, CX = -0.8, CY = 0.156;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* One image; escape indices into counts, returns the number of steps taken. */
static long long render(int *counts) {
  long long total = 0;
  for (int y = 0; y < HEIGHT; y++) {
    double zy0 = y * (YB - YA) / (HEIGHT - 1) + YA;
    for (int x = 0; x < WIDTH; x++) {
      double zx = x * (XB - XA) / (WIDTH - 1) + XA;
      double zy = zy0;
      int i;
      for (i = 0; i < ITERATIONS; i++) {
        if (zx * zx + zy * zy > 4.0) break;
        double t = zx * zx - zy * zy + CX;
        zy = 2.0 * zx * zy + CY;
        zx = t;
      }
      total += i;
      counts[y * WIDTH + x] = i < ITERATIONS ? i : ITERATIONS - 1;
    }
  }
  return total;
}

int main(int argc, char **argv) {
  int runs = argc > 1 ? atoi(argv[1]) : 10;
  if (runs < 1) runs = 1;
  int *counts = malloc(sizeof(int) * WIDTH * HEIGHT);
  if (!counts) return 1;
  long long steps = 0;
  for (int r = 0; r < 2; r++) steps = render(counts);
  double sum = 0, best = 1e30;
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    steps = render(counts);
    double dt = now() - t0;
    sum += dt;
    if (dt < best) best = dt;
  }
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < WIDTH * HEIGHT; i++) {
    h ^= (uint64_t)(uint32_t)counts[i];
    h *= 0x100000001b3ULL;
  }
  double mean = sum / runs;
  printf("steps %lld\n", steps);
  printf("hash %llx\n", (unsigned long long)h);
  printf("mean_ms %.3f\n", mean * 1e3);
  printf("mean_mits %.1f\n", steps / mean / 1e6);
  printf("best_mits %.1f\n", steps / best / 1e6);
  free(counts);
  return 0;
}
