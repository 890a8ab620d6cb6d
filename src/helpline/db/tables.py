"""SQLAlchemy tables of the article library."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Article(Base):
    """A vetted article: a MedQuAD document or a web page."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(String(200), unique=True)
    key: Mapped[str] = mapped_column(String(1000), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(1000), index=True)
    topic_path: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str | None] = mapped_column(String(20))
    audience_note: Mapped[str | None] = mapped_column(Text)
    last_revised: Mapped[date | None] = mapped_column(Date)
    editorial_team: Mapped[str | None] = mapped_column(Text)
    focus: Mapped[str | None] = mapped_column(Text)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    sections: Mapped[list[Section]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Section.position"
    )
    links: Mapped[list[Link]] = relationship(cascade="all, delete-orphan", order_by="Link.id")
    references: Mapped[list[Reference]] = relationship(
        cascade="all, delete-orphan", order_by="Reference.position"
    )


class Section(Base):
    """An ordered section of an article; the unit that search ranks and answers quote."""

    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("article_pk", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    anchor: Mapped[str] = mapped_column(String(120))
    heading: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(1000), index=True)
    question_type: Mapped[str | None] = mapped_column(String(80))
    question: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)

    article: Mapped[Article] = relationship(back_populates="sections")


class Link(Base):
    """A cross-link from an article to another page (resolved to our own article when imported)."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    section_position: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


class Reference(Base):
    __tablename__ = "article_references"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_pk: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Alias(Base):
    """Another name for a focus: brand ↔ generic drug names, synonyms, abbreviations."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("alias", "canonical", "article_pk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(300), index=True)
    canonical: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # brand | synonym | abbreviation | spelling
    article_pk: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))


class Embedding(Base):
    """A section embedding, stored once per section content hash and model."""

    __tablename__ = "embeddings"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(100), primary_key=True)
    dimensions: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class LibraryState(Base):
    """One row: the library revision, changed by every import that changes anything (index cache key)."""

    __tablename__ = "library_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
