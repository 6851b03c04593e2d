/** The factory CLI, the pipeline runner and the sample-data generator. */
package org.dataelements.factory.orchestration;
