/** Not public API: the OCSF writer, the alert digest, message formats and the HTTP sender behind the exporters. */
package io.secposture.exporters.internal;
