/**
 * The {@code securityhub} exporter ({@link io.secposture.export.aws.SecurityHubExporter}) and its settings
 * ({@link io.secposture.export.aws.SecurityHubConfig}): a run's AWS findings imported into AWS Security Hub.
 */
package io.secposture.export.aws;
