/**
 * The training corpus product ({@code conf/products/training_corpus.yaml}): gold {@code documents}
 * (the curated documents with a deterministic split and shards) and {@code stats} (the figures the
 * dataset card is written from), built from the silver corpus tables.
 */
package org.dataelements.factory.products.trainingcorpus;
