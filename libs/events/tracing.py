"""W3C Trace Context end to end, with OpenTelemetry: HTTP in and out, into events, Kafka headers and logs.

An HTTP request continues the caller's trace (`traceparent`) or starts one; its server span is the
parent of the events it records (the CloudEvents distributed-tracing extension `traceparent`). A
policy that reacts to such an event in another service starts a child span of it, so one trace id
follows a request from the front office into every service that reacts. Spans are exported only when
`OTEL_EXPORTER_OTLP_ENDPOINT` is set (install the `otlp` extra); ids are made and propagated always.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

PROPAGATOR = TraceContextTextMapPropagator()
TRACEPARENT = "traceparent"

_providers: dict[str, TracerProvider] = {}


def configure_tracing(service: str, otlp_endpoint: str | None = None) -> TracerProvider:
    """The service's tracer provider (one per service and process); exports over OTLP/HTTP when an endpoint is set."""
    provider = _providers.get(service)
    if provider is None:
        provider = TracerProvider(resource=Resource.create({"service.name": service}))
        if otlp_endpoint:
            try:
                from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            except ImportError as exc:  # pragma: no cover - depends on the installed extra
                raise RuntimeError("OTEL_EXPORTER_OTLP_ENDPOINT is set: install the 'otlp' extra") from exc
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
        _providers[service] = provider
    return provider


def tracer(service: str) -> trace.Tracer:
    """The tracer of a service (made with default settings on first use)."""
    return configure_tracing(service).get_tracer("libs.events")


def extract(headers: Mapping[str, str]) -> Context:
    """The trace context a carrier (HTTP or Kafka headers) names; empty when it names none or a malformed one."""
    return PROPAGATOR.extract(headers)


def current_traceparent() -> str | None:
    """`traceparent` of the current span, to put in a response, an event or a Kafka header."""
    carrier: dict[str, str] = {}
    PROPAGATOR.inject(carrier)
    return carrier.get(TRACEPARENT)


@dataclass(frozen=True)
class SpanIds:
    """Hex ids of a span, as W3C Trace Context and the Logboek Dataverwerkingen write them."""

    trace_id: str
    span_id: str
    parent_span_id: str | None


def current_span_ids() -> SpanIds | None:
    """Trace, span and parent span id of the current span, or None outside any trace."""
    span = trace.get_current_span()
    context = span.get_span_context()
    if not context.is_valid:
        return None
    parent = span.parent if isinstance(span, ReadableSpan) else None
    return SpanIds(
        trace.format_trace_id(context.trace_id),
        trace.format_span_id(context.span_id),
        trace.format_span_id(parent.span_id) if parent is not None else None,
    )


def ids_of(traceparent: str | None) -> SpanIds | None:
    """The ids a stored `traceparent` names (the span that recorded an event), without starting a span."""
    if not traceparent:
        return None
    context = trace.get_current_span(extract({TRACEPARENT: traceparent})).get_span_context()
    if not context.is_valid:
        return None
    return SpanIds(trace.format_trace_id(context.trace_id), trace.format_span_id(context.span_id), None)


@contextlib.contextmanager
def span(service: str, name: str, kind: SpanKind, parent: Context | None = None) -> Iterator[Span]:
    """Start a span as the current one (child of `parent`, or of the current span), and end it on exit."""
    with tracer(service).start_as_current_span(name, context=parent, kind=kind, record_exception=False) as current:
        yield current


def follow(service: str, name: str, traceparent: str | None) -> contextlib.AbstractContextManager[Span]:
    """A consumer span that continues the trace of the event that caused it (a new trace without one)."""
    parent = extract({TRACEPARENT: traceparent}) if traceparent else Context()
    return span(service, name, SpanKind.CONSUMER, parent)
