package io.keygate.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.core.classify.BulkItem;
import io.keygate.core.body.BodyFormat;
import io.keygate.core.body.ContentEncodings;
import io.keygate.core.classify.BulkLineClassifier;
import io.keygate.core.error.EsException;
import io.keygate.server.wire.Bodies;
import io.keygate.server.wire.Json;
import io.keygate.server.wire.InFlightRequests;
import io.keygate.server.wire.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.HttpServerRequestInternal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Streams a {@code _bulk} body to the backend, authorizing each action line on its own. Allowed items (action and
 * source lines, byte for byte as the client sent them) go on; denied ones are dropped and answered in place with
 * Elasticsearch's 403 item, keeping the original item order and the {@code errors} flag. Gzip bodies are inflated on
 * the fly.
 *
 * <p>Cost: each incoming chunk is scanned for newlines in place and forwarded as slices of itself, one write per run of
 * allowed lines (one per chunk when everything is allowed), not one per line. Only action lines are copied out (to be
 * classified); source lines, whatever their size, are never copied or held: a source line split across chunks goes on
 * piece by piece.
 */
public final class BulkForwarder {

    private final Proxy proxy;
    private final BulkLineClassifier classifier;
    private final long maxContentLength;

    public BulkForwarder(Proxy proxy, BulkLineClassifier classifier, long maxContentLength) {
        this.proxy = proxy;
        this.classifier = classifier;
        this.maxContentLength = maxContentLength;
    }

    /**
     * @param decide for each item: null when allowed, else the 403 to answer in its place; mostly known at once, else
     *               (a name to look up on the backend) the stream pauses until it is
     * @param afterForward called once the backend answered (e.g. to refresh the index catalog)
     */
    public void forward(HttpServerRequest req, String uri, String defaultIndex, boolean requireAlias,
                        Function<BulkItem, Future<EsException>> decide, Runnable afterForward) {
        long start = System.nanoTime();
        proxy.openRaw(req, uri).onSuccess(out -> {
            out.headers().set("accept", "application/json"); // Keygate may have to merge the answer with refused items
            new Run(req, out, defaultIndex, requireAlias, decide, afterForward, start).start();
        });
    }

    /** What one item's answer costs once held and parsed for merging: its ~250 bytes, about 8 times (see BufferedAnswer). */
    private static final long HELD_PER_ITEM = 2_048;
    /** Compressed bytes given to the decoder at once: bounds what one slice inflates to before it is read (×~1,000). */
    private static final int INFLATE_SLICE = 8 * 1024;
    /** Action lines longer than this have their copy and parse counted against the breaker (shorter ones: one chunk). */
    private static final int LONG_ACTION_LINE = 64 * 1024;
    /**
     * The longest action/metadata line read (400 past it). Real ones are well under a kilobyte (an index, an id, a
     * routing, a pipeline); without a bound one line of a 100 MB body was held, copied and parsed whole.
     */
    static final int MAX_ACTION_LINE = 1024 * 1024;

    /** One bulk request in flight. */
    private final class Run {
        private final HttpServerRequest req;
        private final HttpClientRequest out;
        private final String defaultIndex;
        private final boolean requireAlias;
        private final Function<BulkItem, Future<EsException>> decide;
        private final Runnable afterForward;
        /** Per item, in order: null when forwarded, else its denial rendered as a bulk item. */
        private final List<ObjectNode> denials = new ArrayList<>();
        /** The start of an action line that a chunk boundary split, else null. */
        private Buffer partialAction;
        private int forwarded;
        private int lineNumber;
        private boolean expectAction = true;
        private boolean currentAllowed;
        private long bytes;
        private long inflatedBytes;
        private byte lastByte = '\n';
        private boolean failed;
        private EmbeddedChannel inflater;
        /**
         * Once an item is refused the answer must be merged, so every item's answer will be held: each counts
         * {@link #HELD_PER_ITEM} against the in-flight breaker as it streams by, and past the limit the bulk is refused
         * (429) before the backend has executed any of it (it reads a whole bulk before running it).
         */
        private final InFlightRequests.Reservation held = InFlightRequests.current().newReservation();
        private boolean merging;
        /** When the backend was asked (System.nanoTime), for its answer time. */
        private final long startNanos;
        /** An item whose decision is pending (a backend lookup): the body waits, in order, until it is known. */
        private boolean waiting;
        /** Body bytes that arrived while waiting, fed once the decision is known. */
        private final ArrayDeque<Buffer> backlog = new ArrayDeque<>();
        private boolean endedWhileWaiting;
        /** Compressed input not inflated yet: inflating stopped while the backend's queue was full or a decision pending. */
        private ByteBuf pendingCompressed;
        /** The request's own event loop: a decision that completes elsewhere (a backend lookup) resumes here. */
        private final Context context;

        Run(HttpServerRequest req, HttpClientRequest out, String defaultIndex, boolean requireAlias,
            Function<BulkItem, Future<EsException>> decide, Runnable afterForward, long startNanos) {
            this.startNanos = startNanos;
            this.req = req;
            this.out = out;
            this.defaultIndex = defaultIndex;
            this.requireAlias = requireAlias;
            this.decide = decide;
            this.afterForward = afterForward;
            this.context = req instanceof HttpServerRequestInternal internal ? internal.context() : Vertx.currentContext();
        }

        void start() {
            try {
                BodyFormat.of(req.getHeader("content-type")); // JSON lines only: a Smile or CBOR body would be read differently
                inflater = inflater(req.getHeader("content-encoding"));
            } catch (EsException e) {
                fail(e);
                return;
            }
            out.response().onComplete(ar -> {
                if (ar.succeeded()) proxy.answered(startNanos, ar.result().statusCode());
                else if (!failed) proxy.failed(startNanos); // not our own reset after a refusal
                if (failed) return;
                if (ar.failed()) Proxy.backendFailed(req, ar.cause());
                else answer(ar.result());
            });
            out.drainHandler(v -> { if (!waiting) resumeReading(); });
            out.exceptionHandler(e -> { // our own reset after a refusal lands here too: nothing more to say then
                if (failed) return;
                failed = true;
                Proxy.backendFailed(req, e);
            });
            req.exceptionHandler(this::fail);
            req.handler(chunk -> {
                if (failed) return;
                bytes += chunk.length();
                if (bytes > maxContentLength) {
                    fail(Bodies.tooLarge(maxContentLength));
                    return;
                }
                try {
                    if (inflater == null) {
                        feed(chunk);
                    } else {
                        ByteBuf compressed = Unpooled.wrappedBuffer(chunk.getBytes());
                        if (pendingCompressed != null) { // arrived before the pause took: after what is left, in order
                            pendingCompressed = Unpooled.wrappedBuffer(pendingCompressed, compressed);
                            req.pause();
                        } else {
                            inflate(compressed);
                        }
                    }
                } catch (RuntimeException e) {
                    fail(e instanceof EsException ? e : EsException.parse("failed to read the bulk body: " + e.getMessage()));
                }
                if (out.writeQueueFull()) req.pause();
            });
            req.endHandler(v -> {
                if (failed) return;
                if (waiting || pendingCompressed != null) {
                    endedWhileWaiting = true;
                    return;
                }
                end();
            });
            req.resume();
        }

        /** The whole body was read (and every item decided): end the forwarded request, or answer alone. */
        private void end() {
            if (inflater != null) inflater.finishAndReleaseAll();
            if (!expectAction || lastByte != '\n') {
                fail(EsException.illegalArgument("The bulk request must be terminated by a newline [\\n]"));
                return;
            }
            if (denials.isEmpty()) {
                fail(new EsException(400, "action_request_validation_exception",
                        "Validation Failed: 1: no requests added;"));
                return;
            }
            if (forwarded == 0) {
                failed = true; // nothing goes to the backend: its aborted request must not answer 502
                out.reset();
                Responses.json(req, 200, render(null));
                held.release();
                return;
            }
            out.end();
        }

        /** The decoder for the body's {@code Content-Encoding}, as the backend's HTTP layer would inflate it; null for identity. */
        private static EmbeddedChannel inflater(String contentEncoding) {
            String coding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
            return switch (coding) {
                case "", "identity" -> null;
                case "gzip", "x-gzip" -> new EmbeddedChannel(ZlibCodecFactory.newZlibDecoder(ZlibWrapper.GZIP));
                case "deflate", "x-deflate" -> new EmbeddedChannel(ZlibCodecFactory.newZlibDecoder(ZlibWrapper.ZLIB_OR_NONE));
                default -> throw EsException.illegalArgument("unsupported Content-Encoding [" + contentEncoding
                        + "]: Keygate reads gzip, deflate or identity request bodies");
            };
        }

        /**
         * Splits body bytes into NDJSON lines in place, decides each action line, and forwards each run of allowed bytes as
         * one slice of {@code data}. Remembers the last byte: a body must end with a newline.
         */
        private void feed(Buffer data) {
            int n = data.length();
            if (n == 0 || failed) return;
            if (waiting) { // kept, in order, until the pending item is decided
                backlog.add(data.copy());
                return;
            }
            lastByte = data.getByte(n - 1);
            int pos = 0;
            int run = -1; // start of the bytes of data to forward with the next write; -1: none
            ByteBuf bytes = data instanceof BufferInternal internal ? internal.getByteBuf() : null; // a view, not a copy
            while (pos < n && !failed) {
                int nl = indexOfNewline(data, bytes, pos, n);
                if (!expectAction) { // a source line, or the rest of one: goes on as it arrives, never copied
                    int end = nl < 0 ? n : nl + 1;
                    if (currentAllowed) {
                        if (run < 0) run = pos;
                    } else {
                        write(data, run, pos);
                        run = -1;
                    }
                    if (nl >= 0) {
                        lineNumber++;
                        expectAction = true;
                    }
                    pos = end;
                    continue;
                }
                if (nl < 0) { // an action line the chunk cut: kept until its newline arrives
                    write(data, run, pos);
                    run = -1;
                    long kept = (partialAction == null ? 0 : partialAction.length()) + (long) (n - pos);
                    if (kept > MAX_ACTION_LINE) throw actionLineTooLong(lineNumber + 1);
                    held.add(3L * (n - pos)); // what is kept counts, with the buffer's growth (429 past the limit)
                    if (partialAction == null) partialAction = Buffer.buffer();
                    partialAction.appendBuffer(data, pos, n - pos);
                    break;
                }
                lineNumber++;
                byte[] line;
                Buffer head = partialAction;
                partialAction = null;
                if (head == null) {
                    line = data.getBytes(pos, nl); // action lines only: source lines are never copied out
                } else {
                    head.appendBuffer(data, pos, nl - pos);
                    line = head.getBytes();
                }
                int length = line.length;
                if (length > MAX_ACTION_LINE) throw actionLineTooLong(lineNumber);
                if (length > LONG_ACTION_LINE) held.add(Bodies.parsedCost(line)); // its copy and its parse, counted first
                if (length > 0 && line[length - 1] == '\r') length--;
                BulkItem item = classifier.classify(line, 0, length, lineNumber, defaultIndex, requireAlias);
                boolean allowed = false;
                if (item != null) { // null: a blank line, dropped
                    Future<EsException> decision = decide.apply(item);
                    if (!decision.isComplete()) {
                        write(data, run, pos);
                        Buffer actionLine = head == null ? data.slice(pos, nl + 1).copy()
                                : head.appendBuffer(data.slice(nl, nl + 1)); // head already holds the line; add its newline
                        if (nl + 1 < n) backlog.add(data.slice(nl + 1, n).copy());
                        await(item, actionLine, decision);
                        return;
                    }
                    allowed = decided(item, decision.result());
                }
                if (allowed) {
                    if (head != null) {
                        out.write(head.slice(0, head.length() - (nl - pos))); // its start; the rest goes with this run
                    }
                    if (run < 0) run = pos;
                } else {
                    write(data, run, pos);
                    run = -1;
                }
                pos = nl + 1;
            }
            if (!failed) write(data, run, n);
        }

        /** Records an item's decision; true when it goes to the backend. */
        private boolean decided(BulkItem item, EsException denied) {
            boolean allowed = currentAllowed = denied == null;
            denials.add(allowed ? null : itemError(item, denied));
            if (allowed) forwarded++;
            expectAction = !item.hasSourceLine();
            holdAnswers(allowed);
            return allowed;
        }

        /**
         * Holds the body until {@code decision} is known: then forwards the item's action line if allowed and feeds what
         * arrived meanwhile, in order, on the request's own context.
         */
        private void await(BulkItem item, Buffer actionLine, Future<EsException> decision) {
            waiting = true;
            req.pause();
            decision.onComplete(ar -> {
                if (context == null) decidedLater(item, actionLine, ar);
                else context.runOnContext(v -> decidedLater(item, actionLine, ar));
            });
        }

        private void decidedLater(BulkItem item, Buffer actionLine, io.vertx.core.AsyncResult<EsException> ar) {
            if (failed) return;
            waiting = false;
            if (ar.failed()) {
                fail(ar.cause());
                return;
            }
            try {
                if (decided(item, ar.result())) out.write(actionLine);
                while (!waiting && !failed && !backlog.isEmpty()) feed(backlog.poll());
            } catch (RuntimeException e) {
                fail(e instanceof EsException ? e : EsException.parse("failed to read the bulk body: " + e.getMessage()));
            }
            if (waiting || failed) return;
            resumeReading();
        }

        /**
         * Inflates {@code compressed} (released here) a slice at a time: the decoder queues everything a slice inflates
         * to before it is read, and 64 KB of a gzip bomb inflate to 64 MB (an 8 KB slice: ~8 MB at most). Stops while the
         * backend's write queue is full or a decision is pending, keeping the rest for {@link #resumeReading}: what a
         * bulk holds stays bounded however well its body compresses.
         */
        private void inflate(ByteBuf compressed) {
            try {
                while (compressed.isReadable() && !failed) {
                    if (waiting || out.writeQueueFull()) {
                        pendingCompressed = compressed.retain();
                        req.pause();
                        return;
                    }
                    inflater.writeInbound(compressed.readRetainedSlice(Math.min(INFLATE_SLICE, compressed.readableBytes())));
                    for (ByteBuf inflated; (inflated = inflater.readInbound()) != null; ) {
                        byte[] plain = ByteBufUtil.getBytes(inflated);
                        inflated.release();
                        inflatedBytes += plain.length;
                        if (inflatedBytes > maxContentLength) throw Bodies.tooLarge(maxContentLength); // gzip bombs too
                        feed(Buffer.buffer(plain));
                    }
                }
            } finally {
                compressed.release();
            }
        }

        /** Goes on: first what is left of a compressed chunk, then the client's next bytes (or the end, if it came). */
        private void resumeReading() {
            if (pendingCompressed != null) {
                ByteBuf rest = pendingCompressed;
                pendingCompressed = null;
                try {
                    inflate(rest);
                } catch (RuntimeException e) {
                    fail(e instanceof EsException ? e : EsException.parse("failed to read the bulk body: " + e.getMessage()));
                    return;
                }
                if (pendingCompressed != null || waiting || failed) return;
            }
            if (endedWhileWaiting) {
                endedWhileWaiting = false;
                end();
            } else if (!out.writeQueueFull()) {
                req.resume();
            }
        }

        /**
         * The first newline in {@code data[from, to)}, or -1. Heap chunks (what Vert.x hands over) are scanned on their
         * backing array eight bytes at a time ({@link NewlineScan}); Netty's {@code indexOf} took its byte-by-byte path
         * here and was the top self frame of the bulk profile.
         */
        private static int indexOfNewline(Buffer data, ByteBuf bytes, int from, int to) {
            if (bytes != null && bytes.hasArray()) {
                int base = bytes.arrayOffset(); // Buffer indexes are the ByteBuf's absolute indexes
                int at = NewlineScan.indexOf(bytes.array(), base + from, base + to);
                return at < 0 ? -1 : at - base;
            }
            if (bytes != null) return bytes.indexOf(from, to, (byte) '\n');
            for (int i = from; i < to; i++) {
                if (data.getByte(i) == '\n') return i;
            }
            return -1;
        }

        /** Forwards {@code data[from, to)}, when there is such a run. */
        private void write(Buffer data, int from, int to) {
            if (from >= 0 && to > from) out.write(data.slice(from, to));
        }

        private void answer(HttpClientResponse resp) {
            afterForward.run();
            if (resp.statusCode() != 200 || denials.stream().allMatch(d -> d == null)) {
                held.release();
                Proxy.relay(req, resp);
                return;
            }
            resp.body().onComplete(v -> held.release()).onSuccess(body -> {
                JsonNode parsed;
                try {
                    // the backend compresses its answer when the client accepts it: read it as the backend encoded it
                    byte[] plain = ContentEncodings.decode(body.getBytes(), resp.getHeader("content-encoding"), Long.MAX_VALUE - 8);
                    parsed = Json.parse(Buffer.buffer(plain));
                } catch (RuntimeException e) {
                    Proxy.backendFailed(req, e);
                    return;
                }
                // the backend filtered its part by filter_path already; Responses filters the refused items the same way
                // (APM Server asks for items.*._index,items.*.status,... and matches items by position)
                Responses.json(req, 200, render(parsed));
            }).onFailure(e -> Proxy.backendFailed(req, e));
        }

        /** The backend's answer with the denied items put back in their places. */
        private ObjectNode render(JsonNode backend) {
            ObjectNode body = Json.object();
            JsonNode backendItems = backend == null ? Json.array() : backend.path("items");
            if (backend != null) backend.fields().forEachRemaining(f -> body.set(f.getKey(), f.getValue()));
            else body.put("took", 0);
            if (backend == null || backend.has("errors") || !backend.has("items")) body.put("errors", true);
            ArrayNode items = Json.array();
            int next = 0;
            for (ObjectNode denial : denials) {
                if (denial != null) items.add(denial);
                else if (next < backendItems.size()) items.add(backendItems.get(next++));
            }
            body.set("items", items);
            return body;
        }

        /** Counts the item's answer against the breaker once the answer will be merged (throws the 429 past it). */
        private void holdAnswers(boolean allowed) {
            if (merging) {
                held.add(HELD_PER_ITEM);
            } else if (!allowed) {
                merging = true;
                held.add(HELD_PER_ITEM * denials.size());
            }
        }

        private void fail(Throwable e) {
            if (failed) return;
            failed = true;
            held.release();
            if (inflater != null) inflater.finishAndReleaseAll();
            if (pendingCompressed != null) {
                pendingCompressed.release();
                pendingCompressed = null;
            }
            out.reset();
            if (!req.isEnded()) { // from the end handler the body is fully read: setting a handler would throw
                req.handler(chunk -> { }); // drop the rest so the client reads the answer
                req.resume();
            }
            Responses.error(req, e);
        }
    }

    static EsException actionLineTooLong(int lineNumber) {
        return EsException.illegalArgument("Malformed action/metadata line [" + lineNumber + "], longer than ["
                + MAX_ACTION_LINE + "] bytes");
    }

    static ObjectNode itemError(BulkItem item, EsException denied) {
        ObjectNode result = Json.object();
        result.put("_index", item.index());
        if (item.id() == null) result.putNull("_id"); else result.put("_id", item.id());
        result.put("status", denied.status());
        ObjectNode error = result.putObject("error");
        error.put("type", denied.type());
        error.put("reason", denied.reason());
        ObjectNode wrapper = Json.object();
        wrapper.set(item.opType().wire(), result);
        return wrapper;
    }
}
