/**
 * {@code factory schedule}: the embedded scheduler that runs each product on its spec's cron
 * schedule, one run at a time, each run in a child JVM.
 */
package org.dataelements.factory.orchestration.schedule;
