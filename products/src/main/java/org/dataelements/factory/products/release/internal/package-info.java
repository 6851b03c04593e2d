/** Implementation of the release kernel: token hashing, the security folder, strict JSON. */
package org.dataelements.factory.products.release.internal;
