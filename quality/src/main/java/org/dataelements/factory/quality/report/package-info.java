/**
 * The quality report of one table as a self-contained HTML page: the latest check results, the
 * history of each metric as an inline SVG chart, and the quarantine counts. No scripts, no external
 * resources; all text escaped.
 */
package org.dataelements.factory.quality.report;
