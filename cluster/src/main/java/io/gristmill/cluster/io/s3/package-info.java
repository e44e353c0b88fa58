/**
 * S3-compatible object storage for job input and output ({@code s3://bucket/key}): listing, ranged reads, and the
 * multipart-upload commit that never renames (docs/s3.md). Internal to Gristmill: not API for job authors.
 */
package io.gristmill.cluster.io.s3;
