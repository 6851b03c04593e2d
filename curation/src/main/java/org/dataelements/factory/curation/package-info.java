/** Bronze → silver per domain: cleaning, conforming, labelling, dedup. */
package org.dataelements.factory.curation;
