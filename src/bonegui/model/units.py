"""Units shared by every floor: the one definition of the year in days."""

#: days per year: the Julian year (365.25 d), the mean calendar year over a leap cycle. Times in
#: scenarios are years from the start; the model's grid is in days.
DAYS_PER_YEAR = 365.25
