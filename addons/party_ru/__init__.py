"""Russian identifiers (ИНН, КПП, ОГРН, ОГРНИП, БИК, bank account keys)
with clear Russian errors, and amounts in words."""
