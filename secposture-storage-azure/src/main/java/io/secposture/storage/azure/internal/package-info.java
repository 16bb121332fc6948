/** Not public API: the Azure Blob object store and client construction behind the Azure publisher. */
package io.secposture.storage.azure.internal;
