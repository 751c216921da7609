"""Typed event registry: one frozen pydantic model per (type, schema version), with upcasters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar, Union, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Tag, TypeAdapter, ValidationError, create_model

from .envelope import Envelope, event_type_of


class EventData(BaseModel):
    """Base for every event payload. Subclasses set `event_type` and `schema_version`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1


E = TypeVar("E", bound=EventData)
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


def _mentions_float(annotation: Any) -> bool:
    if annotation is float:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return any(_mentions_float(f.annotation) for f in annotation.model_fields.values())
    return any(_mentions_float(arg) for arg in get_args(annotation))


class EventDecodeError(Exception):
    """An event could not be turned into its typed model; nothing of it is used."""


class UnknownEventType(EventDecodeError):
    """No model is registered for this event type."""


class UnsupportedSchemaVersion(EventDecodeError):
    """The schema version is newer than the registry knows, or no upcaster path leads to the current one."""


class InvalidEventPayload(EventDecodeError):
    """The payload does not validate against its registered model."""


@dataclass(frozen=True)
class Recorded(Generic[E]):
    """A decoded event: its envelope (read it for metadata) and its typed, up-to-date payload (`data`).

    Verify hash chains on envelopes read from the store, not on decoded ones: an upcast payload
    differs from what was hashed.
    """

    envelope: Envelope
    data: E


def _fact(value: Any) -> str | None:
    """The domain fact an envelope (a dict from JSON, or a model) is about: the fast decoder's key."""
    type_ = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return event_type_of(type_) if isinstance(type_, str) else None


class EventRegistry:
    """Maps event type names to their current model and the upcasters from older versions."""

    def __init__(self) -> None:
        self._models: dict[str, type[EventData]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}
        self._fast: TypeAdapter[Any] | None = None

    def register(self, model: type[E]) -> type[E]:
        """Register `model` as the current version of its event type (usable as a class decorator).

        Floats are refused: amounts are integer cents or decimal strings, and float-free JSON keeps
        the canonical form used for the hash chain identical to RFC 8785.
        """
        for name, info in model.model_fields.items():
            if _mentions_float(info.annotation):
                raise TypeError(f"{model.__name__}.{name}: floats are not allowed in event contracts")
        current = self._models.get(model.event_type)
        if current is not None and current is not model:
            raise ValueError(f"event type {model.event_type} is already registered")
        self._models[model.event_type] = model
        self._fast = None
        return model

    def upcaster(self, event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Register a function that turns a payload of `from_version` into `from_version + 1`."""

        def decorate(fn: Upcaster) -> Upcaster:
            self._upcasters[(event_type, from_version)] = fn
            return fn

        return decorate

    def model_for(self, event_type: str) -> type[EventData]:
        """The current model of an event type."""
        try:
            return self._models[event_type]
        except KeyError:
            raise UnknownEventType(f"unknown event type {event_type!r}") from None

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._models

    def types(self) -> list[str]:
        """Registered event type names."""
        return sorted(self._models)

    def decode_data(self, event_type: str, schema_version: int, data: dict[str, Any]) -> EventData:
        """Upcast `data` to the current version and validate it into its model."""
        model = self.model_for(event_type)
        if schema_version > model.schema_version:
            raise UnsupportedSchemaVersion(
                f"{event_type} v{schema_version} is newer than the known v{model.schema_version}"
            )
        version = schema_version
        while version < model.schema_version:
            step = self._upcasters.get((event_type, version))
            if step is None:
                raise UnsupportedSchemaVersion(f"no upcaster for {event_type} v{version}")
            data = step(dict(data))
            version += 1
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise InvalidEventPayload(f"{event_type} v{schema_version}: {exc}") from exc

    def decode(self, envelope: Envelope) -> Recorded[EventData]:
        """Decode an envelope's payload into its typed, current model."""
        return Recorded(envelope, self.decode_data(event_type_of(envelope.type), envelope.schemaversion, envelope.data))

    def _single_pass(self) -> TypeAdapter[Any]:
        """One validator for envelope and payload of every current (type, version), keyed on `type`."""
        if self._fast is None:
            members: list[Any] = []
            for name, model in self._models.items():
                fields: dict[str, Any] = {
                    "schemaversion": (Literal[model.schema_version], ...),
                    "data": (model, ...),
                }
                members.append(Annotated[create_model(f"{name}Envelope", __base__=Envelope, **fields), Tag(name)])
            # Keyed on the domain fact, whichever form `type` has (nl.participatiewet.intake.X, or X alone).
            annotation: Any = members[0]
            if len(members) > 1:
                annotation = Annotated[Union[tuple(members)], Discriminator(_fact)]  # noqa: UP007
            self._fast = TypeAdapter(annotation)
        return self._fast

    def decode_json(self, raw: bytes | str) -> Recorded[EventData]:
        """Parse a structured CloudEvent and decode its payload; any failure is an EventDecodeError."""
        if self._models:
            try:
                typed = self._single_pass().validate_json(raw)
                return Recorded(typed, typed.data)
            except ValidationError:
                pass  # an older schema version, an unknown type or bad input: the careful path says which
        try:
            envelope = Envelope.from_json(raw)
        except ValidationError as exc:
            raise EventDecodeError(f"not a valid event envelope: {exc}") from exc
        return self.decode(envelope)
