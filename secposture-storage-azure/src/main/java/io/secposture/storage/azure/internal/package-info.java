/** Not public API: the Azure binding (store provider, client construction, blob store) behind the Azure publisher. */
package io.secposture.storage.azure.internal;
