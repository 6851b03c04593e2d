/**
 * The Spark-free kernel of releases (DESIGN §8): users, roles and tokens ({@link Users}, {@link
 * Authorization}), the Ed25519 signing key pair ({@link SigningKeys}, {@link ManifestSignatures}),
 * the signed release manifest ({@link ReleaseManifest}), versions and the bump rule ({@link
 * Semver}, {@link BumpRule}, {@link ReleaseRef}), the checks that keep product, version, run,
 * branch and user names out of paths ({@link SafeNames}), and {@link ReleaseLookup}, which finds
 * the snapshots a release (or a candidate) holds from the Iceberg metadata, for readers that do not
 * start Spark. Two classes use Spark: {@link ReleaseSchemas} (the schema rendering behind a
 * manifest's schema hash) and {@link Pull}, which verifies a release and exports it ({@code factory
 * pull}).
 *
 * <p>Files live under {@code <warehouse>/_security/} and {@code <warehouse>/_releases/}
 * (CONTRACT.md, "Files"). Every user error is an unchecked {@link
 * org.dataelements.factory.core.LakehouseException} created by {@link ReleaseErrors}.
 */
package org.dataelements.factory.products.release;
