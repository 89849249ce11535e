"""Synthetic people for the demo county: names, IDs, ages, health and labour (no real persons)."""
from __future__ import annotations

import datetime as dt
import random

from jianpin.kernel.ids import check_digit
from jianpin.registry import codes

SURNAMES = ("李张陈黄刘曾钟古温魏罗廖邓叶谢朱赖宋何杨王吴周徐孙胡郭林梁彭赵肖蓝丘邱巫"
            "池江潘范凌严")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅金凤春"
         "文辉振东海燕晓慧佳怡子豪俊宇浩然欣妍雅琪思远嘉文梓涵一诺锦程永福荣发水生")


class People:
    """Deterministic generator; keeps issued IDs unique within a run."""

    def __init__(self, rng: random.Random, area: str, today: dt.date) -> None:
        self.rng = rng
        self.area = area
        self.today = today
        self.issued: set[str] = set()

    def name(self, surname: str | None = None) -> str:
        r = self.rng
        given = "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2, 2))))
        return (surname or r.choice(SURNAMES)) + given

    def id_number(self, birth: dt.date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            first17 = f"{self.area}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_digit(first17)
            if number not in self.issued:
                self.issued.add(number)
                return number

    def birth(self, age: int) -> dt.date:
        year = self.today.year - age
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 365))

    def health(self, age: int, poor: bool) -> tuple[str, int | None]:
        r = self.rng.random()
        risk = 1.8 if poor else 1.0
        if r < 0.05 * risk * (1.5 if age > 60 else 1):
            return codes.Health.DISABLED, self.rng.choice((1, 2, 2, 3, 3, 4, 4, 4))
        if r < 0.08 * risk:
            return codes.Health.SERIOUS, None
        if r < (0.20 if age > 55 else 0.10) * risk:
            return codes.Health.CHRONIC, None
        return codes.Health.HEALTHY, None

    def labour(self, age: int, health: str, grade: int | None) -> str:
        if age < 16 or (health == codes.Health.DISABLED and (grade or 4) <= 2):
            return codes.LabourAbility.NONE if age < 16 else codes.LabourAbility.LOST
        if age >= 65 or health == codes.Health.SERIOUS:
            return codes.LabourAbility.LOST if age >= 75 else codes.LabourAbility.WEAK
        if health != codes.Health.HEALTHY or age >= 60:
            return codes.LabourAbility.WEAK
        return codes.LabourAbility.SKILLED if self.rng.random() < 0.2 else codes.LabourAbility.ORDINARY

    def school(self, age: int) -> tuple[str, str]:
        """(school status, education) by age, with a few drop-outs."""
        if age < 3:
            return "", ""
        if age < 6:
            return codes.SchoolStatus.PRESCHOOL, codes.Education.PRESCHOOL
        if age <= 15:
            if self.rng.random() < 0.004:
                return codes.SchoolStatus.DROPOUT, codes.Education.PRIMARY
            stage = codes.SchoolStatus.PRIMARY if age <= 11 else codes.SchoolStatus.JUNIOR
            return stage, codes.Education.PRIMARY if age <= 12 else codes.Education.JUNIOR
        if age <= 18 and self.rng.random() < 0.75:
            return self.rng.choice((codes.SchoolStatus.SENIOR, codes.SchoolStatus.VOCATIONAL)), \
                codes.Education.JUNIOR
        if age <= 22 and self.rng.random() < 0.3:
            return codes.SchoolStatus.HIGHER, codes.Education.SENIOR
        levels = (codes.Education.ILLITERATE, codes.Education.PRIMARY, codes.Education.JUNIOR,
                  codes.Education.SENIOR, codes.Education.VOCATIONAL, codes.Education.COLLEGE)
        weights = (0.25, 0.35, 0.3, 0.06, 0.03, 0.01) if age > 50 else \
            (0.02, 0.15, 0.5, 0.18, 0.1, 0.05)
        return codes.SchoolStatus.NOT_IN_SCHOOL, self.rng.choices(levels, weights)[0]
