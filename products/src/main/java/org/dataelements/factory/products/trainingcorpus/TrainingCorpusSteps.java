package org.dataelements.factory.products.trainingcorpus;

import java.util.List;
import java.util.Map;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.ProductSpec;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepProvider;

/**
 * The training corpus product's gold steps, from {@code conf/products/training_corpus.yaml}: the
 * documents with their split and shard, and the stats. No spec, no steps.
 */
public final class TrainingCorpusSteps implements StepProvider {
  @Override
  public List<Step> steps(Specs specs) {
    return specs.product(CorpusTables.PRODUCT).map(TrainingCorpusSteps::steps).orElse(List.of());
  }

  static List<Step> steps(ProductSpec spec) {
    Layout p = Layout.of(spec);
    return List.of(new CorpusDocumentsGold(p), new CorpusStats());
  }

  /**
   * The split and shard layout among the product's parameters. The silver step binds every
   * parameter of the spec (filters, dedup, layout) strictly, so a misspelt key stops the build
   * there; this reads the layout's three.
   */
  public record Layout(double splitValidation, double splitTest, long shardDocuments)
      implements java.io.Serializable {
    public Layout {
      if (!(splitValidation >= 0 && splitTest >= 0 && splitValidation + splitTest < 1)) {
        throw new IllegalArgumentException(
            "split_validation "
                + splitValidation
                + " and split_test "
                + splitTest
                + " must be fractions that leave some documents for train");
      }
      if (shardDocuments < 1) {
        throw new IllegalArgumentException(
            "shard_documents " + shardDocuments + " is not positive");
      }
    }

    static Layout of(ProductSpec spec) {
      Map<String, Object> p = spec.parameters();
      try {
        return new Layout(
            number(p, "split_validation", 0.05),
            number(p, "split_test", 0.05),
            (long) number(p, "shard_documents", 10_000));
      } catch (IllegalArgumentException e) {
        throw new InvalidSpecException(List.of(spec.origin() + ": parameters: " + e.getMessage()));
      }
    }

    private static double number(Map<String, Object> p, String key, double fallback) {
      Object v = p.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Double.parseDouble(v.toString().strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": '" + v + "' is not a number", e);
      }
    }
  }
}
