/**
 * Quality checks: declared {@link org.dataelements.factory.core.CheckSpec}s go in, a {@link
 * org.dataelements.factory.quality.QualityReport} comes out. Deequ is the engine; no Deequ or Scala
 * type leaves this module.
 */
package org.dataelements.factory.quality;
