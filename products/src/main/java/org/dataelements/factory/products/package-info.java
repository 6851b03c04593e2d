/** Gold builds of the data products, one package per product namespace. */
package org.dataelements.factory.products;
