/** Not public API: the STS leases, the loopback credentials endpoint and the Organizations walk. */
package io.secposture.cloud.aws.internal;
