"""The public record: an append-only, tamper-evident log of every public change.

Each entry names what changed (kind, object URI), who acted in public role (organisation,
role, and a public official's name only when one acts in role), when, and the SHA-256 of the
new public state. The entries are the leaves of an RFC 6962 Merkle tree (``core.merkle``);
signed checkpoints publish its root. ``openplan record verify`` recomputes everything.
No personal data goes in: erasing a person's account leaves the record whole and verifiable.
"""
