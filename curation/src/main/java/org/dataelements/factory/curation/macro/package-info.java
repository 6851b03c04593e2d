/**
 * Macro-economic indicators (GDP, industrial output, annual country figures) that validate the
 * electricity index: {@code silver.macro__indicators}.
 */
package org.dataelements.factory.curation.macro;
