/** Not public API: the command line, outcome mapping, streaming reader and file helpers behind the ScoutSuite adapter. */
package io.secposture.scoutsuite.internal;
