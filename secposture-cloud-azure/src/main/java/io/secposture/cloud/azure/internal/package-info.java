/** Not public API: Entra ID tokens, the federated token copies and the Resource Manager subscriptions list. */
package io.secposture.cloud.azure.internal;
