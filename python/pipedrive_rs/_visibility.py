"""``Visibility``, apart from ``_support`` so that only code that uses it imports ``enum``
(``_support`` re-exports it on first use)."""

import enum


class Visibility(str, enum.Enum):
    """Who can see an item (``visible_to``). On Essential/Advanced plans only ``1`` (owner
    and followers) and ``3`` (entire company) exist; the names follow the
    Professional/Enterprise meaning. Plain ints and strings are accepted too."""

    OWNER_ONLY = "1"
    OWNER_VISIBILITY_GROUP = "3"
    OWNER_GROUP_AND_SUBGROUPS = "5"
    ENTIRE_COMPANY = "7"
