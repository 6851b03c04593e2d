package org.dataelements.factory.products.release;

/** How many quality checks of a release's build passed, warned and failed. */
public record QualitySummary(int passed, int warned, int failed) {
  public QualitySummary {
    if (passed < 0 || warned < 0 || failed < 0) {
      throw ReleaseErrors.inconsistent(
          "quality summary", passed + "/" + warned + "/" + failed, "counts must be >= 0");
    }
  }
}
