/** The electricity index product ({@code lake.electricity_index}): DESIGN §6.1. */
package org.dataelements.factory.products.electricityindex;
