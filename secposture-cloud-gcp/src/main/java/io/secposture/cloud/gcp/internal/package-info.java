/** Not public API: the impersonation files, the job's source credentials and the Resource Manager walk. */
package io.secposture.cloud.gcp.internal;
