/**
 * The built-in sample data, deterministic for a seed: meter readings ({@link
 * org.dataelements.factory.orchestration.sample.SampleDataGenerator}), EPCIS benchmark documents
 * ({@link org.dataelements.factory.orchestration.sample.EpcisSampleGenerator}) and the
 * farm-to-shelf traceability sample with its counted defects ({@link
 * org.dataelements.factory.orchestration.sample.TraceabilitySampleGenerator}).
 */
package org.dataelements.factory.orchestration.sample;
