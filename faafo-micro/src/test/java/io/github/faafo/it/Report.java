package io.github.faafo.it;

/** Prints the figures of a fault or load test, which docs/reliability.md quotes. */
final class Report {

  private Report() {}

  static void line(String scenario, String figures) {
    System.out.println("reliability: " + scenario + ": " + figures);
  }
}
