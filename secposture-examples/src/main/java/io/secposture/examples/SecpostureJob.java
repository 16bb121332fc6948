package io.secposture.examples;

/** The runnable job. TODO(foundation): commands arrive with the foundation work. */
public final class SecpostureJob {
  private SecpostureJob() {
  }

  /**
   * Runs the job.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.out.println("secposture");
  }
}
