@uc:get-profiles
Feature: The Get profiles of the query annex beyond readings and events: GetEndDeviceGroups, GetUsagePointGroups, GetEndDeviceControls, GetMeterReadSchedules (IEC 61968-9 2013 Annex J, 2024 Annex H; use case Q-01)
  The MDM (the suite) asks the head-end get(EndDeviceGroups) with a GetEndDeviceGroups filter, after it told the
  head-end a group of all the meters but the last (create(EndDeviceGroups), CIM9-122). The filter is honoured: a
  group named by its mRID comes back with its members, a device named gives the groups it is a member of, and no
  group that does not match comes back (use-cases.md §10). A filter that matches nothing is answered OK with no group
  or FAILED with an "invalid …" code (UC-34). Likewise get(EndDeviceControls) with a GetEndDeviceControls filter naming
  the load-control event the DRMS started (its EndDeviceControl mRID): it comes back with its type and devices, and a
  control nobody issued is not found. In 2024, get(MeterReadSchedules) with a GetMeterReadSchedules filter naming the meter
  the MDM scheduled: the meter comes back with the ReadingType it is read for, and a meter no schedule reads is not found.
  GetMeterReadSchedules is 2024 only: the 2013 query annex has GetMeterReadings, GetEndDeviceConfig,
  GetCustomerMeterDataSet and GetMeterServiceRequests (J.2 to J.5) and no Get profile of MeterReadSchedule; the Get
  profile of read schedules comes with the 2024 schema list, beside the plural MeterReadSchedules (use-cases.md §10,
  payloads.md §6, PAY-09), and the 2013 schema pack holds no GetMeterReadSchedule(s) schema to build or check it by.
  With the MDM as SUT, the CIS tells it a UsagePointGroup (create(UsagePointGroups), CIM9-256) and asks
  get(UsagePointGroups) by the group, by a member usage point, and for a group nobody created.

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH @meters:3
  @clause:2013:AnnexJ @role:HES @edition:2013 @req:Q-01.G1
  Scenario: The MDM asks the head-end for an EndDeviceGroup by its mRID and gets it with its members
    Given 3 meters installed at usage points
    And the head-end knows a group of all the meters but the last
    When the MDM asks the head-end for the EndDeviceGroups of the group
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the answer holds the group with its members, and only groups the filter matches

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH @meters:3
  @clause:2013:AnnexJ @role:HES @edition:2013 @req:Q-01.G2
  Scenario: The MDM asks the head-end for the EndDeviceGroups of a device and gets only groups it is a member of
    Given 3 meters installed at usage points
    And the head-end knows a group of all the meters but the last
    When the MDM asks the head-end for the EndDeviceGroups of the first member of the group
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the answer holds the group with its members, and only groups the filter matches

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH @meters:3
  @clause:2013:AnnexJ @role:HES @edition:2013 @req:Q-01.G3
  Scenario: The MDM asks the head-end for an EndDeviceGroup nobody created and gets no group
    Given 3 meters installed at usage points
    And the head-end knows a group of all the meters but the last
    When the MDM asks the head-end for an EndDeviceGroup nobody created
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer to the group query is empty or refused as UC-34 allows

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH
  @clause:2013:AnnexJ @role:HES @edition:2013 @req:Q-01.C1
  Scenario: The MDM asks the head-end for a running load-control event by its mRID and gets it with its devices
    Given a meter installed at a usage point
    When the DRMS asks the head-end to start load control on the meter
    Then the reply has Result "OK"
    When the MDM asks the head-end for the EndDeviceControls of the control
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the answer holds the control with its type and devices, and no other control

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH
  @clause:2013:AnnexJ @role:HES @edition:2013 @req:Q-01.C2
  Scenario: The MDM asks the head-end for an EndDeviceControl nobody issued and gets no control
    Given a meter installed at a usage point
    When the DRMS asks the head-end to start load control on the meter
    Then the reply has Result "OK"
    When the MDM asks the head-end for an EndDeviceControl nobody issued
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer to the control query is empty or refused as UC-34 allows

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH @meters:2
  @role:HES @req:Q-01.S1
  Scenario: The MDM asks the head-end for the read schedules of a meter it scheduled and gets the meter with its ReadingType
    Given 2 meters installed at usage points
    When the MDM asks the head-end to read the meter on a schedule
    Then the reply has Result "OK"
    When the MDM asks the head-end for the read schedules of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the answer holds the meter with the ReadingType it is read for, and no other meter

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH @meters:2
  @role:HES @req:Q-01.S2
  Scenario: The MDM asks the head-end for the read schedules of a meter no schedule reads and gets none
    Given 2 meters installed at usage points
    When the MDM asks the head-end to read the meter on a schedule
    Then the reply has Result "OK"
    When the MDM asks the head-end for the read schedules of the second meter, which no schedule reads
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer to the schedule query is empty or refused as UC-34 allows

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH @meters:3
  @clause:2013:AnnexJ @role:MDM @edition:2013 @req:Q-01.U1
  Scenario: The CIS asks the MDM for a UsagePointGroup by its mRID and gets it with its usage points
    Given 3 meters installed at usage points
    And the MDM knows a group of the usage points of all the meters but the last
    When the CIS asks the MDM for the UsagePointGroups of the group
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the answer holds the usage point group with its usage points, and only groups the filter matches

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH @meters:3
  @clause:2013:AnnexJ @role:MDM @edition:2013 @req:Q-01.U2
  Scenario: The CIS asks the MDM for the UsagePointGroups of a usage point and gets only groups it is a member of
    Given 3 meters installed at usage points
    And the MDM knows a group of the usage points of all the meters but the last
    When the CIS asks the MDM for the UsagePointGroups of the first usage point of the group
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the answer holds the usage point group with its usage points, and only groups the filter matches

  @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexH @meters:3
  @clause:2013:AnnexJ @role:MDM @edition:2013 @req:Q-01.U3
  Scenario: The CIS asks the MDM for a UsagePointGroup nobody created and gets no group
    Given 3 meters installed at usage points
    And the MDM knows a group of the usage points of all the meters but the last
    When the CIS asks the MDM for a UsagePointGroup nobody created
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the answer to the usage point group query is empty or refused as UC-34 allows
