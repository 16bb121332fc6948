/**
 * Not public API: what the contracts use to watch a plugin (its logs and standard streams, a parser in a small
 * heap). May change without notice.
 */
package io.secposture.testkit.internal;
