/**
 * Landing of documents for the training corpus (format {@code document}): plain text, Markdown,
 * HTML, PDF, JSON collections of texts and separator-delimited text collections, one bronze row per
 * document with its extracted text, media type, licence and metadata. {@link
 * org.dataelements.factory.ingestion.document.DocumentLanding} is the entry point.
 */
package org.dataelements.factory.ingestion.document;
