package org.dataelements.factory.core;

import java.util.function.Supplier;

/**
 * What a step provider may need from the process besides the specs: secrets resolved from the
 * profile or the environment. Resolution is lazy, so listing or planning steps never asks for a key
 * that only a build needs.
 */
public final class StepEnvironment {
  private final Supplier<PseudonymKey> pseudonymKey;

  private StepEnvironment(Supplier<PseudonymKey> pseudonymKey) {
    this.pseudonymKey = pseudonymKey;
  }

  /** An environment whose pseudonymization key comes from the supplier, asked at most once. */
  public static StepEnvironment of(Supplier<PseudonymKey> pseudonymKey) {
    Supplier<PseudonymKey> once =
        new Supplier<>() {
          private PseudonymKey key;

          @Override
          public synchronized PseudonymKey get() {
            if (key == null) {
              key = pseudonymKey.get();
            }
            return key;
          }
        };
    return new StepEnvironment(once);
  }

  /** An environment with no secrets: asking for the key fails with how to provide one. */
  public static StepEnvironment none() {
    return new StepEnvironment(
        () -> {
          throw new IllegalStateException(
              "no pseudonymization key: set FACTORY_PSEUDONYM_KEY (at least "
                  + PseudonymKey.MIN_BYTES
                  + " characters) or pseudonymization.key in the profile");
        });
  }

  /** The key for pseudonymizing personal data. */
  public PseudonymKey pseudonymKey() {
    return pseudonymKey.get();
  }
}
