"""The one shape every world returns: :class:`CustomerBase`, and how it is saved and loaded.

A customer base has three tables and its parameters::

    customers : one row per customer — profile and observed summary columns
    activity  : one row per customer × period (telecom: monthly bill; tobacco: weekly order)
    truth     : one row per customer — the latent values the generator used
    params    : every generator parameter, JSON round-trippable, including the seed

Every table carries ``customer_id``; ``activity`` also carries ``period`` (an integer counted
from 1, in the unit ``params.period_unit``). Every column is described by a :class:`Column`
(type, unit, meaning), so a saved folder documents itself: ``README.md`` for people,
``schema.json`` for :func:`load`.

The package holds one concept per module, all re-exported here: ``_schema`` (:class:`Column`,
:class:`ParamSpec`), ``_worlds`` (:func:`register_world`, :class:`Params`), ``_customer_base``
(:class:`CustomerBase`), ``_escape`` (formula-cell escaping), ``_save`` (atomic writes of a
dataset folder), ``_load`` (:func:`load` and its checks).

Example
-------
>>> import casekit as ck
>>> base = ck.telecom(customers=200, months=12, seed=1)      # doctest: +SKIP
>>> base.save("my_telecom")                                  # doctest: +SKIP
>>> again = ck.load("my_telecom")                            # doctest: +SKIP
>>> again.equals(base)                                       # doctest: +SKIP
True
"""

# The public names (``__all__``), and the helpers casekit.generate, casekit.check and the tests
# read from here (``from casekit.base import world_spec``), wherever their module now is.
from ._customer_base import CustomerBase, require_columns
from ._escape import (FORMULA_STARTS, escape_text, escape_text_columns,  # noqa: F401
                      unescape_text, write_csv)
from ._load import load
from ._save import (DATASET_FILES, check_folder_path, is_dataset_folder,  # noqa: F401
                    prepare_target, write_folder_atomically)
from ._schema import DTYPES, SCHEMA_VERSION, TABLES, Column, ParamSpec  # noqa: F401
from ._worlds import Params, register_world, world_spec  # noqa: F401
from ._datasheet_zh import missing_zh, register_world_zh  # noqa: F401

__all__ = ["Column", "ParamSpec", "Params", "CustomerBase", "load", "register_world", "register_world_zh", "missing_zh", "TABLES",
           "require_columns"]
