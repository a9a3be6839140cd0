@uc:read-schedules
Feature: Meter read schedules at the head-end, and by the CIS (IEC 61968-9 clause 5.3, use cases MR-01 and MR-11)
  The MDM asks the head-end to read a meter on a schedule with create(MeterReadSchedule) — MeterReadSchedules in
  2024 (PAY-09) — naming the meter (EndDevice), what to read (one ReadingType) and when (one TimeSchedule: a
  scheduleInterval from the next whole second and a short recurrencePeriod, CIM9-170). The schedule acts as a
  subscription: at each scheduled time the head-end sends the MDM (the suite, at <listener>/mdm/events)
  created(MeterReadings) of that meter and that ReadingType only, arriving within a tolerance of the scheduled time
  (CIM9-171). The MDM ends the schedule with cancel(MeterReadSchedule) (delete per UC-09), repeating what it
  created (CIM9-173); nothing more of the schedule reaches it within a grace period (CIM9-172).
  A schedule may name an EndDeviceGroup (the suite defines it first with create(EndDeviceGroups), CIM9-122: all the
  meters but the last) or UsagePoints (those of all the meters but the last) instead of a meter: the scheduled reads
  cover every member (MRS-MEMBERS; a member missed by some reads only: CIM9-204) and no other meter (MRS-NON-MEMBER).
  The same holds for a UsagePointGroup (the suite defines it first with create(UsagePointGroups) of the usage points of
  all the meters but the last, CIM9-222): the members are the meters installed at its usage points.
  When the MDM is the SUT and the suite plays its head-end (<listener>/hes, pics.MDM.sends), a schedule
  the CIS creates at the MDM is passed on to the head-end as create(MeterReadSchedule(s)) with the same meters,
  ReadingTypes and recurrencePeriod (MRS-RELAY-FORWARD; another scheduleInterval: CIM9-206), and so is its end
  (CIM9-205). The schedule message the MDM sends its head-end (MR-11) is create(MeterReadSchedule) in 2013 and
  create(MeterReadSchedules) in 2024, with the payload of that profile (PAY-09), valid against the edition's schemas, and
  says what to read, for whom and when (a TimeSchedule with its start and a recurrence; MRS-MESSAGE-FORMAT).
  With the CIS as the schedule's client ("MDM (or CIS) → MS"), the upper tester's order cis-schedule-request {meter,
  readingType, start, end, periodSeconds} makes it create a schedule at its head-end, which the suite plays
  (<listener>/hes): its message follows the profile of the edition and says what, for whom and when (MRS-MESSAGE-FORMAT)
  and is the schedule ordered: that meter, that ReadingType, that recurrencePeriod and scheduleInterval
  (MRS-CLIENT-SCHEDULE). The head-end the suite plays takes it and sends the CIS created(MeterReadings) of the meter at
  each scheduled time, which the CIS acknowledges (Result OK) and holds, with its value (its upper tester's
  cis-report-readings, DOM-CLIENT-OUTCOME); the order cis-schedule-end makes the CIS end it, and the
  end (cancel, delete per UC-09) must name the same schedule (MRS-CLIENT-SCHEDULE).

  @usecase:MR-01 @pattern:P2 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3 @role:HES @edition:2013 @req:MR-01.1
  Scenario: The MDM creates a meter read schedule, receives its readings at the scheduled times and cancels it
    Given a meter installed at a usage point
    When the MDM asks the head-end to read the meter on a schedule
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM waits for the readings of its schedule
    Then every reading message is valid against its schemas and conformant
    And the readings arrive at the scheduled times, of the requested meter and ReadingType only
    When the MDM ends the schedule
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And no further reading of the schedule reaches the MDM

  @usecase:MR-11 @pattern:P1 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3 @role:HES @edition:2013 @req:MR-11.1
  Scenario: The meter read schedule message follows the profile of the edition and the head-end's reply is conformant
    Given a meter installed at a usage point
    When the MDM asks the head-end to read the meter on a schedule
    Then the schedule message is valid against the schemas of the edition
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM ends the schedule
    Then the reply is valid against its schemas
    And the reply has Result "OK"

  @usecase:MR-01 @pattern:P2 @edition:2024 @clause:2024:5.3 @meters:3
  @clause:2013:5.3 @role:HES @edition:2013 @req:MR-01.2
  Scenario: The MDM schedules the reads of an EndDeviceGroup and every member, and no other meter, is read
    Given 3 meters installed at usage points
    And the head-end knows a group of all the meters but the last
    When the MDM asks the head-end to read the group on a schedule
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM waits for the readings of its schedule
    Then every reading message is valid against its schemas and conformant
    And the readings arrive at the scheduled times, of every member and no other meter
    When the MDM ends the schedule
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And no further reading of the schedule reaches the MDM

  @usecase:MR-01 @pattern:P2 @edition:2024 @clause:2024:5.3 @meters:3
  @clause:2013:5.3 @role:HES @edition:2013 @req:MR-01.3
  Scenario: The MDM schedules the reads of usage points and the meter of each, and no other meter, is read
    Given 3 meters installed at usage points
    When the MDM asks the head-end to read the usage points of all the meters but the last on a schedule
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM waits for the readings of its schedule
    Then every reading message is valid against its schemas and conformant
    And the readings arrive at the scheduled times, of every member and no other meter
    When the MDM ends the schedule
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And no further reading of the schedule reaches the MDM

  @usecase:MR-01 @pattern:P2 @edition:2024 @clause:2024:5.3 @meters:3
  @clause:2013:5.3 @role:HES @edition:2013 @req:MR-01.5
  Scenario: The MDM schedules the reads of a UsagePointGroup and the meter of each of its usage points, and no other meter, is read
    Given 3 meters installed at usage points
    And the head-end knows a usage point group of the usage points of all the meters but the last
    When the MDM asks the head-end to read the usage point group on a schedule
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM waits for the readings of its schedule
    Then every reading message is valid against its schemas and conformant
    And the readings arrive at the scheduled times, of every member and no other meter
    When the MDM ends the schedule
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And no further reading of the schedule reaches the MDM

  @usecase:MR-01 @pattern:P6 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3 @role:MDM @edition:2013 @req:MR-01.4 @cap:relay
  Scenario: The MDM passes a read schedule of the CIS on to its head-end, and its end too
    Given a meter installed at a usage point
    When the CIS asks the MDM to read the meter on a schedule, the suite playing its head-end
    Then the MDM passes the schedule on to the head-end
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS ends the schedule at the MDM
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And the MDM passes the end of the schedule on to the head-end

  @usecase:MR-11 @pattern:P6 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3 @role:MDM @edition:2013 @req:MR-11.2 @cap:relay
  Scenario: The meter read schedule message the MDM sends its head-end follows the profile of the edition
    Given a meter installed at a usage point
    When the CIS asks the MDM to read the meter on a schedule, the suite playing its head-end
    Then the schedule message the MDM sends its head-end follows the profile of the edition, with what, for whom and when
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS ends the schedule at the MDM
    Then the reply is valid against its schemas
    And the reply has Result "OK"

  @usecase:MR-01 @pattern:P2 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3 @role:CIS @edition:2013 @req:MR-01.C1 @cap:stimulus
  Scenario: The CIS creates a meter read schedule at the head-end the suite plays, acknowledges its readings and ends it
    Given a meter installed at a usage point
    When the CIS is told to have the meter read on a schedule by its head-end
    Then the head-end the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the CIS's schedule message follows the profile of the edition and asks for the meter, the ReadingType and the times it was told
    And the head-end the suite plays takes the request
    When the head-end the suite plays sends the CIS the readings of the schedule at the scheduled times
    Then the CIS acknowledges every reading of the schedule
    And the CIS holds the reading of its schedule, with its value
    When the CIS is told to end its schedule
    Then the head-end the suite plays receives the end of the schedule the CIS created
