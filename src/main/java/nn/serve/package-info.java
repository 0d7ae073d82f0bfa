/**
 * The HTTP prediction server behind {@code nn serve}: the TF Serving / KServe v1 contract on the
 * JDK's own {@code com.sun.net.httpserver}, with what that server lacks added here (a bounded worker
 * pool, a body read deadline that answers 408, size and row caps), micro-batching of concurrent
 * requests, and model reload without dropping requests.
 */
package nn.serve;
