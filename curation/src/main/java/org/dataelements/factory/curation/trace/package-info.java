/**
 * The traceability domain's silver tables ({@code silver.trace__*}): EPCIS events normalized,
 * genealogy edges, canonical lot identities, inspections, certificates, farm operations and
 * recalls, with personal data of farmers and contacts pseudonymized by a keyed hash.
 */
package org.dataelements.factory.curation.trace;
