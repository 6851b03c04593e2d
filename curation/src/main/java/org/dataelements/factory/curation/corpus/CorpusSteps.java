package org.dataelements.factory.curation.corpus;

import java.util.ArrayList;
import java.util.List;
import org.dataelements.factory.core.ObjectSpec;
import org.dataelements.factory.core.SourceFormat;
import org.dataelements.factory.core.SourceSpec;
import org.dataelements.factory.core.SpecParameters;
import org.dataelements.factory.core.Specs;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepProvider;

/**
 * The training corpus's silver step, reading every {@code format: document} object the specs
 * declare (and the arXiv metadata), with the curation parameters of {@code
 * conf/products/training_corpus.yaml} (the defaults without it). No document source, no step.
 */
public final class CorpusSteps implements StepProvider {
  /** The product whose spec holds the curation parameters. */
  public static final String PRODUCT = "training_corpus";

  @Override
  public List<Step> steps(Specs specs) {
    List<CorpusDocuments.Input> inputs = new ArrayList<>();
    for (SourceSpec source : specs.sources()) {
      for (ObjectSpec object : source.objects()) {
        if (object.format() == SourceFormat.DOCUMENT) {
          inputs.add(
              new CorpusDocuments.Input(
                  source.bronzeTable(object), source.licence().orElse("unknown")));
        }
      }
    }
    String arxivLicence =
        specs
            .source(CorpusDocuments.ARXIV.namespace())
            .flatMap(SourceSpec::licence)
            .orElse("unknown");
    boolean arxiv = specs.source(CorpusDocuments.ARXIV.namespace()).isPresent();
    if (inputs.isEmpty() && !arxiv) {
      return List.of();
    }
    CorpusParameters p =
        specs
            .product(PRODUCT)
            .map(spec -> SpecParameters.bind(spec, CorpusParameters.class))
            .orElseGet(CorpusParameters::defaults);
    return List.of(new CorpusDocuments(inputs, arxivLicence, p));
  }
}
