/**
 * The shuffle: each worker serves its map outputs over HTTP ({@link io.gristmill.worker.internal.shuffle.ShuffleServer})
 * and reducers download their partition of every map output
 * ({@link io.gristmill.worker.internal.shuffle.HttpShuffleFetcher}). Not API.
 *
 * <h2>Wire format</h2>
 * <pre>
 * GET /shuffle/{jobId}/{partition}/{mapAttemptId}
 * X-Gristmill-Secret: {the job's secret}
 *
 * 200 OK
 * Content-Type: application/octet-stream
 * Content-Length: {partition length}
 * X-Gristmill-Map-Attempt: {mapAttemptId}
 * X-Gristmill-Partition-Length: {partition length, from the map output index}
 * X-Gristmill-Records: {record count, from the index}
 * X-Gristmill-Crc32c: {CRC32C of the partition bytes, from the index, 8 lowercase hex digits}
 *
 * {the partition's bytes: framed records, sent zero-copy from the map's data file}
 * </pre>
 * Ids are {@code [A-Za-z0-9][A-Za-z0-9._-]*} (at most 128 characters); anything else is 400. The job segment may be
 * {@code -}: "the job whose secret this is" (for callers that do not know the job id). A missing or wrong secret is
 * 403; an unknown job, map attempt or partition is 404; a failure reading the map output is 500.
 *
 * <p><b>One request per map attempt, not one per host.</b> Vert.x can send a file region zero-copy only as a whole
 * response ({@code sendFile} writes the head and ends the response), so a batch response holding several regions
 * would have to copy every byte through user space. Instead the fetcher asks for the maps of one host one after the
 * other over one pooled keep-alive connection, several hosts in parallel: per map this costs one small request on
 * a warm connection, and every data byte still goes from page cache to socket without a copy.
 */
package io.gristmill.worker.internal.shuffle;
