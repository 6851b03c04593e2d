/**
 * Charts drawn from rows already read (no Spark here), as PNG: for the CLI and for release reports.
 */
package org.dataelements.factory.orchestration.charts;
