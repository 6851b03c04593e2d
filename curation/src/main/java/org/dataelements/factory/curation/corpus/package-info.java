/**
 * The training corpus's silver: documents from every landed text source normalized, labelled by
 * language, script and domain, measured with quality signals, PII-redacted and clustered into exact
 * and near duplicates ({@code silver.corpus__documents}), with a ledger of every document left out
 * and why ({@code silver.corpus__exclusions}).
 */
package org.dataelements.factory.curation.corpus;
