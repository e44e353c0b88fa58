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
 * <h2>Batches: one request for many maps of one host</h2>
 * <pre>
 * POST /shuffle/{jobId}/{partition}
 * X-Gristmill-Secret: {the job's secret}
 * Content-Length: {n}
 *
 * {1 to 4,096 distinct map attempt ids, separated by "\n"}
 *
 * 200 OK
 * Content-Type: application/x-gristmill-segments
 * Transfer-Encoding: chunked
 * X-Gristmill-Segments: {as many as ids were asked for}
 *
 * per map attempt, in the order asked:
 *   int magic "GMSG", unsigned short id length, the id (ASCII),
 *   long partition length, long records, int CRC32C (all from the index, big-endian),
 *   then the partition's bytes
 * </pre>
 * Every id is looked up before the head is sent: an unknown one is a 404 whose {@code X-Gristmill-Map-Attempt}
 * names it (so the reducer reports that map); a bad path or list is 400, a missing or too large body 411/413, the
 * secret as above. A map output that cannot be read once the body started closes the connection: the client sees a
 * short body.
 *
 * <p><b>Why batches.</b> The cost of a shuffle request (~3 ms on a loaded 2-core machine) is paid per request: one
 * request per map and reducer made a job of 10,000 tiny maps and 100 reducers send 500,000 requests (465 s, issue
 * 16); a reducer now sends one per host and 1,024 maps ({@link HttpShuffleFetcher.Settings#maxBatch}), 500 in all.
 * The price is a copy: Vert.x sends a file region zero-copy only as a whole response ({@code sendFile} writes the
 * head and ends the response), so a batch is read through a 256 KiB buffer ({@link BatchSender}). A host holding a
 * single map of the reducer's list is still asked with the zero-copy GET above, which is the case of big maps.
 *
 * <p><b>Client side.</b> {@link BatchDownload} writes each batch into one file and checks every segment's id,
 * length and CRC32C as it streams ({@link SegmentFrameDecoder}); segments checked before a body breaks off are kept
 * and counted once, and the next try asks only for the rest, so no map is ever merged twice.
 */
package io.gristmill.worker.internal.shuffle;
