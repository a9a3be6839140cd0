@uc:get-profiles
Feature: The Get profiles of the query annex beyond readings and events: GetEndDeviceGroups (IEC 61968-9 2013 Annex J, 2024 Annex H; use case Q-01)
  The MDM (the suite) asks the head-end get(EndDeviceGroups) with a GetEndDeviceGroups filter, after it told the
  head-end a group of all the meters but the last (create(EndDeviceGroups), CIM9-122). The filter is honoured: a
  group named by its mRID comes back with its members, a device named gives the groups it is a member of, and no
  group that does not match comes back (use-cases.md §10). A filter that matches nothing is answered OK with no group
  or FAILED with an "invalid …" code (UC-34).

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
