"""The analytic validation cases behind `supplysim validate-model`: theory against simulation."""
