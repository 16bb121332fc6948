/**
 * Finding exporters: {@link io.secposture.exporters.OcsfExporter} ({@code ocsf}),
 * {@link io.secposture.exporters.WebhookExporter} ({@code webhook}), {@link io.secposture.exporters.SlackExporter}
 * ({@code slack}) and {@link io.secposture.exporters.TeamsExporter} ({@code teams}), found through
 * {@link io.secposture.core.FindingExporter#KIND} and run by {@link io.secposture.core.ExportRunner}.
 */
package io.secposture.exporters;
